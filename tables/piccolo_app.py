import os

from piccolo.conf.apps import AppConfig

from tables.accounts import AccountProfile, ApiToken, LoginFailure, LoginKnownAddress
from tables.approvals import ApprovalBatch
from tables.commendations import Commendation
from tables.initiatives import Author, Authorship, Initiative, InitiativeEdit, StatusChange
from tables.programmes import Phase, Programme, Target
from tables.progress import UnitFigure
from tables.units import Cluster, ClusterMember, Unit

TABLES = [
    Unit,
    Cluster,
    ClusterMember,
    Programme,
    Phase,
    Target,
    Initiative,
    Author,
    Authorship,
    StatusChange,
    InitiativeEdit,
    Commendation,
    AccountProfile,
    ApiToken,
    LoginFailure,
    LoginKnownAddress,
    UnitFigure,
    ApprovalBatch,
]

APP_CONFIG = AppConfig(
    app_name="sangkien",
    migrations_folder_path=os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations"
    ),
    table_classes=TABLES,
    migration_dependencies=["piccolo.apps.user.piccolo_app"],
    commands=[],
)
