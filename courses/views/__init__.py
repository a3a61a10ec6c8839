"""Pages of the course programme: thin views that parse a form, call one service and redirect.

One module per concern: programme (courses and modules), rounds (the calendar and each round),
sessions, nominations (with the hire lists), participants (attendance, dialogue groups, the
participant list), planning (the settings page), feeds (Mina kurser and the calendar feed);
base holds what they share. `courses/urls.py` names each page's module.
"""
