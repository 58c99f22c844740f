"""What a role should look for: suggested focus areas and the role's own setup rules.

Plain functions over plain values, so they are tested without a database.
"""

from collections.abc import Iterable

from loops.rules.findings import Finding, Level
from loops.vocabulary import Archetype, JobFamily

FAMILY_FOCUS: dict[str, list[str]] = {
    JobFamily.BACKEND: ["Storage", "Distributed systems", "API design", "Reliability"],
    JobFamily.ML: ["Production readiness", "Data issues", "Monitoring", "Deployment"],
    JobFamily.DATA_ENGINEERING: [
        "SQL",
        "Data modelling",
        "Pipelines",
        "Orchestration",
        "Cost and quality",
    ],
    JobFamily.DATA_SCIENCE: [
        "Experimentation",
        "Metrics",
        "Turning ambiguity into a plan",
        "Influencing stakeholders",
    ],
    JobFamily.DEVOPS: ["Incident response", "Operability", "Automation"],
    JobFamily.PRODUCT: [],
    JobFamily.DESIGN: [],
    JobFamily.SALES: [],
    JobFamily.OTHER: [],
}

ARCHETYPE_FOCUS: dict[str, list[str]] = {
    Archetype.HIGH_GROWTH: ["Fast iteration", "Scale", "Calibrated rubrics"],
    Archetype.ENTERPRISE: ["Integration", "Migration", "Governance", "Long-lived systems"],
    Archetype.INDUSTRIAL: ["Safety", "Verification", "Traceability", "Risk control"],
}

FOCUS_MIN = 2
FOCUS_MAX = 3


def suggest_focus(job_family: str, archetype: str, taken: Iterable[str] = ()) -> list[str]:
    """Focus areas the family and archetype suggest, less those the role already has."""
    have = {name.strip().lower() for name in taken}
    suggestions = FAMILY_FOCUS.get(job_family, []) + ARCHETYPE_FOCUS.get(archetype, [])
    return [name for name in suggestions if name.lower() not in have]


def role_findings(focus_count: int, weak_spot_count: int) -> list[Finding]:
    """Warnings about a role's setup; none of them stops the manager saving."""
    findings = []
    if focus_count < FOCUS_MIN:
        missing = FOCUS_MIN - focus_count
        findings.append(
            Finding(
                Level.WARNING,
                f"Name {missing} more focus competenc{'y' if missing == 1 else 'ies'}: "
                f"a loop needs {FOCUS_MIN} or {FOCUS_MAX} things to look for, "
                "each with its because.",
            )
        )
    elif focus_count > FOCUS_MAX:
        findings.append(
            Finding(
                Level.WARNING,
                f"{focus_count} focus competencies is more than a loop can probe well: "
                f"keep the {FOCUS_MAX} this role needs most.",
            )
        )
    if weak_spot_count == 0:
        findings.append(
            Finding(
                Level.WARNING,
                "No weak spots yet: where have people in this role struggled before? "
                "Name each with the function that can judge it.",
            )
        )
    return findings
