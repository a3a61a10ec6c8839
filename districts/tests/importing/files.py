"""Staff files for the import tests, with the header, rows that import cleanly into the world, and applying a file."""

from districts import services

HEADER = (
    "förnamn;efternamn;e-post;stadsdel;enhet;område;roller;anställningsdatum;anställningsform;kompetensnivå;"
    "introduktionsprofil;kön;1:e socialsekreterare;fadder;slutdatum"
)


def csv_file(*rows: str, header: str = HEADER, bom: bool = True) -> bytes:
    """Return a CSV file of these rows under the header, as Excel saves "CSV UTF-8" (with a BOM)."""
    text = "\r\n".join([header, *rows]) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def valid_rows(world):
    """Return three rows for the world's own unit: a 1:e socialsekreterare, a hire she supervises, and another."""
    unit = f"Angered;{world.own_unit.name};Barn och unga"
    return [
        f"Karin;Lindqvist;karin.lindqvist@example.se;{unit};1:e socialsekreterare;2015-03-01;Tillsvidare;"
        "Specialist;;Kvinna;;;",
        f"Sara;Holm;sara.holm@example.se;{unit};Socialsekreterare;2025-09-01;tillsvidare;Nybörjare;"
        f"Nyexaminerad utan erfarenhet;kvinna;karin.lindqvist@example.se;{world.hire.work_email};",
        f"Amir;Haddad;amir.haddad@example.se;{unit};socialsekreterare, utbildarstöd;2026-01-15;Tidsbegränsad;"
        "nyborjare;;Man;1:e_socialsekreterare@example.se;sara.holm@example.se;2026-12-31",
    ]


def apply_file(world, content, filename="personal.csv"):
    """Import the file into the world's organisation."""
    return services.staff_import_apply(organisation=world.organisation, actor=None, content=content, filename=filename)
