"""libical's own reading of an iCalendar file (stdin), for the test suite.

Run with Debian's system Python (``/usr/bin/python3``), which has libical's GObject bindings
(``gir1.2-ical-3.0``: ICalGLib, and ``python3-gi``); the project's virtualenv does not. Prints
a JSON list of what libical objects to: what its parser marked in the file and the findings of
its RFC 5546 restriction check (``icalcomponent_check_restrictions``), both of which libical
writes into the component as X-LIC-ERROR properties.
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib as ICal  # noqa: E402

XLICERROR = ICal.PropertyKind.XLICERROR_PROPERTY
ANY = ICal.ComponentKind.ANY_COMPONENT


def _errors(component) -> list[str]:
    found = []
    kind = ICal.Component.kind_to_string(component.isa())
    prop = component.get_first_property(XLICERROR)
    while prop is not None:
        found.append(f"{kind}: {prop.get_xlicerror()}")
        prop = component.get_next_property(XLICERROR)
    child = component.get_first_component(ANY)
    while child is not None:
        found += _errors(child)
        child = component.get_next_component(ANY)
    return found


def main() -> None:
    component = ICal.Component.new_from_string(sys.stdin.read())
    if component is None or component.isa() != ICal.ComponentKind.VCALENDAR_COMPONENT:
        print(json.dumps(["libical did not read a VCALENDAR"]))
        return
    component.check_restrictions()
    print(json.dumps(_errors(component), ensure_ascii=False))


if __name__ == "__main__":
    main()
