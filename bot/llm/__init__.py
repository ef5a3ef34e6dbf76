"""LLM adapter: prompt templates and the OpenAI-compatible drafter (implements core.ports.Drafter)."""
