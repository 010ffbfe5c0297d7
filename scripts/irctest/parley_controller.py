"""irctest controller for a Parley server that is already running (external mode) and that can register accounts.

irctest's own external controller cannot register accounts, so every test that needs one skips. Parley has accounts
built in, so this controller registers them the way a user would: connect, then `PRIVMSG NickServ :REGISTER <password>`.
Use it with scripts/conformance.sh --accounts (which also passes the services marker and the SASL mechanisms).
"""

from irctest.controllers.external_server import ExternalServerController


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
        case.sendLine(client, "PRIVMSG NickServ :REGISTER " + password)
        while True:
            messages = case.getMessages(client)
            if any(m.command == "NOTICE" and "registered" in m.params[-1] for m in messages):
                break
            failures = [m for m in messages if m.command == "NOTICE"]
            if failures:
                raise AssertionError(f"registering {username} failed: {failures[0].params[-1]}")
        case.sendLine(client, "QUIT")
        case.removeClient(client)


def get_irctest_controller_class():
    return ParleyController
