"""The sources named next to each row of the training-plan rules (pure: plain strings)."""

from __future__ import annotations

from sessions_log import guidance

SEED = guidance.SEED.reference
ACSM = guidance.ACSM.reference

BONE_METASTASIS = (
    "Campbell KL et al. Exercise recommendation for people with bone metastases: expert "
    "consensus for health care providers and exercise professionals. JCO Oncol Pract "
    "2022;18(5):e697-e709 (exercise modified by lesion site: spine - no loaded flexion, "
    "extension or rotation; pelvis and femur - no heavy loading of the hip; no high impact)"
)
AFTER_SURGERY = SEED + "; restrictions after surgery as set by the physiotherapist"
LYMPHOEDEMA = ACSM + " (resistance exercise is safe with breast cancer related lymphoedema)"
NEUROPATHY = (
    ACSM + " (peripheral neuropathy: balance may be impaired; prefer supported or seated "
    "exercise such as a stationary bike)"
)
GUIDANCE_TABLE = "sessions_log.guidance (the day's level; red never suggests training)"
