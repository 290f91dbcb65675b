"""The numbering system's tables: numbers, agencies and their codes, intermediate-server
copies, the provision logs, seen message IDs and health-ID consents."""
