"""irctest controller for a Parley server that is already running (external mode) and that can register accounts.

irctest's own external controller cannot register accounts, so every test that needs one skips. Parley has accounts
built in, so this controller registers them the way a user would: connect, then `PRIVMSG NickServ :REGISTER <password>`.
Use it with scripts/conformance.sh --accounts (which also passes the services marker and the SASL mechanisms).
"""

from irctest.controllers.external_server import ExternalServerController
from irctest.runner import NotImplementedByController


# irctest expects a fresh server per test, but the external one lives for the whole run: remember what each account's
# password was made, so a later test that registers the same name (with another password) gets it changed instead.
_passwords = {}


class ParleyController(ExternalServerController):
    software_name = "Parley"

    def wait_for_services(self):
        pass  # NickServ is part of the server: nothing to wait for

    def registerUser(self, case, username, password=None):
        assert password
        client = case.addClient(show_io=False)
        case.sendLine(client, "NICK " + username)
        case.sendLine(client, "USER r e g :user")
        while case.getRegistrationMessage(client).command != "001":
            pass
        case.getMessages(client)
        old = _passwords.get(username.lower())
        if old is None:
            self._ask(case, client, "REGISTER " + password, "registered")
        elif old != password:
            self._ask(case, client, f"IDENTIFY {username} {old}", "logged in")
            self._ask(case, client, "SET PASSWORD " + password, "changed")
        _passwords[username.lower()] = password
        case.sendLine(client, "QUIT")
        case.removeClient(client)


    @staticmethod
    def _ask(case, client, command, success):
        case.sendLine(client, "PRIVMSG NickServ :" + command)
        while True:
            messages = case.getMessages(client)
            if any(m.command == "417" for m in messages):
                raise NotImplementedByController("a password longer than a NickServ line")
            notices = [m for m in messages if m.command == "NOTICE"]
            if any(success in m.params[-1] for m in notices):
                return
            if notices:
                raise AssertionError(f"NickServ {command.split()[0]} failed: {notices[0].params[-1]}")


def get_irctest_controller_class():
    return ParleyController
