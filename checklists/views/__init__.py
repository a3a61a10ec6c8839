"""Pages of the checklists app: thin views over the services and selectors, scoped through districts.access.

One module per concern: lists (the plan lists and the Del 2 themes), plans (one plan's pages), meetings
(marking one held), ticking, templates and exports; base holds what they share. The package names every page
for `checklists/urls.py`.
"""

from checklists.views.exports import export_download, export_list, export_status
from checklists.views.lists import PAGE_SIZE, del2_theme_overview, my_hires, overview, unit_overview
from checklists.views.meetings import meeting_record_held
from checklists.views.plans import meeting_create, plan_create, plan_detail, plan_edit, plan_pdf
from checklists.views.templates import (
    template_item_create,
    template_item_delete,
    template_item_edit,
    template_item_move,
    template_list,
    version_detail,
    version_draft,
    version_pdf,
    version_publish,
)
from checklists.views.ticking import item_tick

__all__ = [
    "PAGE_SIZE",
    "del2_theme_overview",
    "export_download",
    "export_list",
    "export_status",
    "item_tick",
    "meeting_create",
    "meeting_record_held",
    "my_hires",
    "overview",
    "plan_create",
    "plan_detail",
    "plan_edit",
    "plan_pdf",
    "template_item_create",
    "template_item_delete",
    "template_item_edit",
    "template_item_move",
    "template_list",
    "unit_overview",
    "version_detail",
    "version_draft",
    "version_pdf",
    "version_publish",
]
