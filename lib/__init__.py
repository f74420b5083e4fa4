"""政报对比 (GovReport Compare): parse Chinese government work reports into indicator tables."""

__version__ = "0.1.0"
# Bump when extraction output changes: the library re-extracts cached facts on its own.
PARSER_VERSION = "6"  # 6: each fact records the parser's rule codes (Fact.parser_rules)
