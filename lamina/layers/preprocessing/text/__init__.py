"""Text preprocessing: TextVectorization and its standardize/split/n-gram steps."""
