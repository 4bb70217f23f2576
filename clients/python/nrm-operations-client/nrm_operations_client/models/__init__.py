"""Contains all the data models used in inputs/outputs"""

from .checkpoints_held_response_checkpoints_held import CheckpointsHeldResponseCheckpointsHeld
from .consistency_proof_response_consistency_proof import ConsistencyProofResponseConsistencyProof
from .entries_about_response_entries_about import EntriesAboutResponseEntriesAbout
from .field_error import FieldError
from .log_page_response_log_page import LogPageResponseLogPage
from .missing_consent import MissingConsent
from .problem_details import ProblemDetails
from .public_keys_response_public_keys import PublicKeysResponsePublicKeys
from .subject_trace_format import SubjectTraceFormat
from .subject_trace_response_subject_trace import SubjectTraceResponseSubjectTrace
from .verify_logs_response_verify_logs import VerifyLogsResponseVerifyLogs

__all__ = (
    "CheckpointsHeldResponseCheckpointsHeld",
    "ConsistencyProofResponseConsistencyProof",
    "EntriesAboutResponseEntriesAbout",
    "FieldError",
    "LogPageResponseLogPage",
    "MissingConsent",
    "ProblemDetails",
    "PublicKeysResponsePublicKeys",
    "SubjectTraceFormat",
    "SubjectTraceResponseSubjectTrace",
    "VerifyLogsResponseVerifyLogs",
)
