using Parley.Protocol.Irc;
using Parley.Server.Hosting;
using Parley.Server.Tests.Support;

namespace Parley.Server.Tests.Commands.Operator;

public sealed class OperTests
{
    private static HubHarness WithOperator() =>
        new(o => o.Operators.Add(new OperatorOptions { Name = "root", Password = "s3cret" }));

    [Fact]
    public void Oper_with_the_right_password_is_381_then_mode_plus_o()
    {
        var harness = WithOperator();
        var alice = harness.Connect("alice");
        alice.Send("OPER root s3cret");
        var replies = alice.Drain();
        Assert.Equal([Numerics.RPL_YOUREOPER, "MODE"], replies.Select(m => m.Command));
        Assert.Equal(["alice", "+o"], replies[1].Parameters);
        Assert.True(alice.Session.IsOperator);
    }

    [Fact]
    public void Oper_with_a_wrong_password_is_464_and_grants_nothing()
    {
        var harness = WithOperator();
        var alice = harness.Connect("alice");
        alice.Send("OPER root guess");
        Assert.Equal(Numerics.ERR_PASSWDMISMATCH, Assert.Single(alice.Drain()).Command);
        Assert.False(alice.Session.IsOperator);
    }

    [Fact]
    public void Oper_with_an_unknown_name_is_491()
    {
        var harness = WithOperator();
        var alice = harness.Connect("alice");
        alice.Send("OPER nobody s3cret");
        Assert.Equal(Numerics.ERR_NOOPERHOST, Assert.Single(alice.Drain()).Command);
        Assert.False(alice.Session.IsOperator);
    }

    [Fact]
    public void Oper_account_with_an_empty_password_never_matches()
    {
        var harness = new HubHarness(o => o.Operators.Add(new OperatorOptions { Name = "root", Password = "" }));
        var alice = harness.Connect("alice");
        alice.Send("OPER root :");
        Assert.Equal(Numerics.ERR_PASSWDMISMATCH, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void Oper_without_a_password_is_461()
    {
        var harness = WithOperator();
        var alice = harness.Connect("alice");
        alice.Send("OPER root");
        Assert.Equal(Numerics.ERR_NEEDMOREPARAMS, Assert.Single(alice.Drain()).Command);
    }

    [Fact]
    public void Oper_again_when_already_operator_sends_no_second_mode_change()
    {
        var harness = WithOperator();
        var alice = harness.Connect("alice");
        alice.Send("OPER root s3cret");
        alice.Drain();
        alice.Send("OPER root s3cret");
        Assert.Equal(Numerics.RPL_YOUREOPER, Assert.Single(alice.Drain()).Command);
    }
}
