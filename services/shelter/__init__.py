"""Shelter service: beds, holds and the waitlist; it sees a person only as a placement request."""
