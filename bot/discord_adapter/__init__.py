"""The Discord adapter: a thin layer of cogs over the core pipeline."""
