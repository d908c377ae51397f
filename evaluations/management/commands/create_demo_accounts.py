from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from evaluations import roles
from evaluations.models import Assignment, EvaluationRound, RoundKind, RoundState, UserProfile
from strategy.models import Action, Indicator, Unit

DEMO_PASSWORD = "demo-salasana"  # noqa: S105 (a documented development-only password)

# username, full name, role
ACCOUNTS = [
    ("paakayttaja", "Pia Pääkäyttäjä", roles.ADMINISTRATOR),
    ("virkailija", "Ville Virkailija", roles.OFFICIAL),
    ("tjansteman", "Tove Tjänsteinnehavare", roles.OFFICIAL),
    ("hyvaksyja", "Hanna Hyväksyjä", roles.APPROVER),
    ("valtuutettu", "Veera Valtuutettu", roles.COUNCILLOR),
]


class Command(BaseCommand):
    help = (
        "Create demo accounts (password 'demo-salasana') and assign the sections of the open "
        "practice round to them. Development only: refused when DEBUG is off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--round", default="eval-2025", help="Key of the open round.")

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only (DEBUG is off).")
        roles.ensure_roles()
        users = {}
        for username, full_name, role in ACCOUNTS:
            user, created = get_user_model().objects.get_or_create(username=username)
            user.first_name, user.last_name = full_name.split(" ", 1)
            user.is_staff = role == roles.ADMINISTRATOR
            if created:
                user.set_password(DEMO_PASSWORD)
            # E-mails of the workflow go to the console backend in development.
            user.email = user.email or f"{username}@example.invalid"
            user.save()
            user.groups.add(Group.objects.get(name=role))
            # Tove gets her e-mails in Swedish, the others in Finnish.
            UserProfile.objects.get_or_create(
                user=user, defaults={"language": "sv" if username == "tjansteman" else "fi"}
            )
            users[username] = user
        round_ = EvaluationRound.objects.filter(key=options["round"], state=RoundState.OPEN).first()
        if round_ is None:
            raise CommandError(f"No open round {options['round']!r}: load the demo data first.")
        strategies = list(round_.strategies.all())
        for strategy in strategies:
            official = (
                users["virkailija"] if strategy.key == "county-strategy" else users["tjansteman"]
            )
            for section in strategy.sections.filter(goals__isnull=False).distinct():
                assignment, _created = Assignment.objects.get_or_create(
                    round=round_, section=section
                )
                assignment.officials.add(official)
                assignment.approvers.add(users["hyvaksyja"])
        self.follow_up(users)
        names = ", ".join(username for username, *_rest in ACCOUNTS)
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}): {names}")

    def follow_up(self, users) -> None:
        """The demo officials become members of their units and owners of the units' actions;
        the open practice follow-up rounds assign the units to them, approved by the approver."""
        by_unit = {}
        for username, unit_keys in FOLLOW_UP_UNITS.items():
            for unit in Unit.objects.filter(key__in=unit_keys):
                for member in [unit, *_descendants(unit)]:
                    by_unit[member.pk] = users[username]
        for unit in Unit.objects.filter(pk__in=by_unit):
            unit.members.add(by_unit[unit.pk])
        for action in Action.objects.filter(unit_id__in=by_unit):
            action.owners.add(by_unit[action.unit_id])
        units_in_use = set(Action.objects.values_list("unit_id", flat=True))
        units_in_use |= set(Indicator.objects.values_list("unit_id", flat=True))
        open_rounds = EvaluationRound.objects.filter(
            kind=RoundKind.FOLLOW_UP, state=RoundState.OPEN, is_practice=True
        )
        for round_ in open_rounds:
            for unit_id in units_in_use & set(by_unit):
                assignment, _created = Assignment.objects.get_or_create(
                    round=round_, unit_id=unit_id
                )
                assignment.officials.add(by_unit[unit_id])
                assignment.approvers.add(users["hyvaksyja"])


# Which demo official answers for which units (and the units inside them) in follow-up.
FOLLOW_UP_UNITS = {
    "virkailija": ["older-people", "common-social-health", "strategy-office"],
    "tjansteman": ["family-disability", "rescue-department"],
}


def _descendants(unit: Unit) -> list[Unit]:
    children = list(unit.children.all())
    return children + [d for child in children for d in _descendants(child)]
