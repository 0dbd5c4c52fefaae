"""Every action the access log records, declared once: an entry names one of these."""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    # Reads a user or a token caused
    VIEW_PERSON = "view_person"
    VIEW_IDENTITY_QUEUE = "view_identity_queue"
    VIEW_IDENTITY_REVIEW = "view_identity_review"
    SEARCH = "search"
    API_READ = "api_read"
    FLAGS_LOOKUP = "flags_lookup"
    FLAGS_LOOKUP_REFUSED = "flags_lookup_refused"
    # Writes
    EVENT_RECORDED = "event_recorded"
    PERSON_MERGED = "person_merged"
    PERSON_UNMERGED = "person_unmerged"
    PERSON_SHARED = "person_shared"
    IDENTITY_REVIEW_DECIDED = "identity_review_decided"
    ALLOCATION_STARTED = "allocation_started"
    ALLOCATION_ENDED = "allocation_ended"
    SIGNAL_RAISED = "signal_raised"
    SIGNAL_ESCALATED = "signal_escalated"
    SIGNAL_ACKNOWLEDGED = "signal_acknowledged"
    SIGNAL_ACTION_TAKEN = "signal_action_taken"
    SIGNAL_NO_ACTION = "signal_no_action"
    SIGNAL_CONFIRMED = "signal_confirmed"  # no longer rests on a probable identity
    SIGNAL_WITHDRAWN = "signal_withdrawn"  # its probable identity was kept apart
    CASE_STEP_RECORDED = "case_step_recorded"  # a step of the statutory process
    CASE_STEP_SUBMITTED = "case_step_submitted"  # sent to a team manager for authorisation
    CASE_STEP_AUTHORISED = "case_step_authorised"
    CASE_STEP_RETURNED = "case_step_returned"
    CASE_DRAFT_SAVED = "case_draft_saved"
    EVENT_READ_GRANTED = "event_read_granted"  # a partner participant may read one event
    API_TOKEN_CREATED = "api_token_created"
    API_TOKEN_REVOKED = "api_token_revoked"
