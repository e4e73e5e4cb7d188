"""An e-forum's workshops (issue 14 §4): the one owner of them (``store``), who takes part in
which (``signups``: places and no overlap held under locks), and the reminders before each
workshop and each online interview (``reminders``, written and delivered by the outbox worker).
"""
