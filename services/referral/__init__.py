"""Referral service (social services): offers of specific services, their lifecycle and consents view."""
