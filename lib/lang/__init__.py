"""The language knowledge: the data files in lib/data, loaded and validated in one place."""
