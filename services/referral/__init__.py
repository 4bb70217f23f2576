"""Referral service (social services): offers of services and their lifecycle."""
