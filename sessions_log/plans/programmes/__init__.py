"""Patients' programmes and centres' templates: the plan editor, saving a new version or a
template, the starter templates a centre gets, and the history of versions with what changed
from one to the next."""
