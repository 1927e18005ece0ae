"""Writes of the listing procedure: one function per step."""

from workflows.listing.services.referrals import (
    ReferralConflict,
    lead_match,
    lead_register,
    referral_receive,
    referrals_import,
)
from workflows.listing.services.removal import listing_expire, listing_revoke, listings_expire
from workflows.listing.services.steps import (
    listing_assess,
    listing_business_recheck,
    listing_decide,
    listing_hearing,
    listing_hearing_notice,
    listing_legal_review,
    listing_notice,
    listing_publicize,
    listing_publish,
    listing_recheck,
    listing_register,
    listing_serve_decision,
    listing_serve_notice,
    listing_statement,
    listing_upper_approval,
    upper_bureau,
)

__all__ = (
    "ReferralConflict", "lead_match", "lead_register", "referral_receive", "referrals_import",
    "listing_expire", "listing_revoke", "listings_expire", "listing_assess",
    "listing_business_recheck", "listing_decide", "listing_hearing", "listing_hearing_notice",
    "listing_legal_review", "listing_notice", "listing_publicize", "listing_publish",
    "listing_recheck", "listing_register", "listing_serve_decision", "listing_serve_notice",
    "listing_statement", "listing_upper_approval", "upper_bureau",
)  # fmt: skip
