"""Who is in the service: accounts and log-in, organisations, companies and candidates."""
