"""What each place talks about: keywords, distinctive words, theme profiles and keyword in context.

Two halves with different costs:

* Theme profiles and keyword-in-context work on plain substrings (an Aho-Corasick automaton over
  the theme keyword lists in data/themes.csv, `str.count` for a searched term).  They never need
  jieba, so the 主题 page can draw its first view without loading a dictionary.
* Keywords (TF-IDF against the loaded corpus) and distinctive words (weighted log-odds with an
  informative Dirichlet prior, Monroe, Colaresi & Quinn 2008) need segmentation.  jieba is imported
  and its dictionary loaded only when `get_tokenizer()` is first called: importing this module does
  not load it.  The tokenizer is our own `jieba.Tokenizer` instance with its cache file in a folder
  the app controls (`cache_dir()`), tuned by data/gov_userdict.txt, and filtered by data/stopwords.txt.

Definitions used throughout (shown on the page too):

* 字数 (characters) of a text: its non-whitespace characters.
* 句子 (sentence): a stretch of text between 。！？；!?; or a line break, holding at least one Han
  character.
* 主题占比 (theme share): the characters of the sentences that mention at least one of the theme's
  keywords, divided by the characters of all sentences.  A sentence can mention several themes, so
  the shares of one report do not add up to 100%.
* 每万字频次: occurrences of a term (as a substring) per 10,000 characters.
* 单元 (unit): what is compared.  By 地区·年份 the reports of one place for one year are pooled (a
  report split into parts counts once); by 地区 all years of a place are pooled.
* 报告年份: the plan year of a report (a report delivered in January 2024 is the 2024 report);
  when only the reviewed year is known, that year plus one.
"""
from __future__ import annotations

# The 主题 page, its tests and bench reach every part through this one name (`th.kwic`,
# `th.tfidf_keywords`, ...: about 130 look-ups in five files), so the package keeps it.
from lib.analysis.themes.docs import (
    BY_PLACE, BY_PLACE_YEAR, GROUPINGS, REST, UNKNOWN_PLACE, Doc, KwicHit, build_docs, char_count,
    clean_term, default_units, fingerprint, highlight, kwic, make_doc, matrix_rows, place_names,
    report_place, report_year, sentence_spans, term_frequency, text_theme_shares, theme_examples,
    theme_matrix, theme_shares, theme_table, unit_of, units)
from lib.analysis.themes.stats import (
    Keyword, LogOdds, WordTable, distinctive_words, doc_word_counts, idf, log_odds, source_note,
    tfidf_keywords, word_table)
from lib.analysis.themes.words import (
    Theme, cache_dir, clear_memos, get_tokenizer, is_content_word, load_themes, segment, stopwords,
    theme_by_name, tokenizer_loaded, user_terms, word_counts)

__all__ = [
    'BY_PLACE', 'BY_PLACE_YEAR', 'Doc', 'GROUPINGS', 'Keyword', 'KwicHit', 'LogOdds', 'REST',
    'Theme', 'UNKNOWN_PLACE', 'WordTable', 'build_docs', 'cache_dir', 'char_count', 'clean_term',
    'clear_memos', 'default_units', 'distinctive_words', 'doc_word_counts', 'fingerprint',
    'get_tokenizer', 'highlight', 'idf', 'is_content_word', 'kwic', 'load_themes', 'log_odds',
    'make_doc', 'matrix_rows', 'place_names', 'report_place', 'report_year', 'segment',
    'sentence_spans', 'source_note', 'stopwords', 'term_frequency', 'text_theme_shares',
    'tfidf_keywords', 'theme_by_name', 'theme_examples', 'theme_matrix', 'theme_shares',
    'theme_table', 'tokenizer_loaded', 'unit_of', 'units', 'user_terms', 'word_counts', 'word_table']
