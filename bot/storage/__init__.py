"""Storage adapter: SQLModel tables and the repository that implements the core's IncidentStore."""
