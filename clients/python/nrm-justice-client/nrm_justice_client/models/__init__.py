"""Contains all the data models used in inputs/outputs"""

from .case_read import CaseRead
from .case_read_exploitation_types_item import CaseReadExploitationTypesItem
from .case_read_identity import CaseReadIdentity
from .case_read_purpose import CaseReadPurpose
from .case_read_recipient import CaseReadRecipient
from .checkpoints_held_response_checkpoints_held import CheckpointsHeldResponseCheckpointsHeld
from .consistency_proof_response_consistency_proof import ConsistencyProofResponseConsistencyProof
from .entries_about_response_entries_about import EntriesAboutResponseEntriesAbout
from .field_error import FieldError
from .log_page_response_log_page import LogPageResponseLogPage
from .missing_consent import MissingConsent
from .problem_details import ProblemDetails
from .public_keys_response_public_keys import PublicKeysResponsePublicKeys

__all__ = (
    "CaseRead",
    "CaseReadExploitationTypesItem",
    "CaseReadIdentity",
    "CaseReadPurpose",
    "CaseReadRecipient",
    "CheckpointsHeldResponseCheckpointsHeld",
    "ConsistencyProofResponseConsistencyProof",
    "EntriesAboutResponseEntriesAbout",
    "FieldError",
    "LogPageResponseLogPage",
    "MissingConsent",
    "ProblemDetails",
    "PublicKeysResponsePublicKeys",
)
