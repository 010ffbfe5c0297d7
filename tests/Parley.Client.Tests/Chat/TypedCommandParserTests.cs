using Parley.Client.Chat;

namespace Parley.Client.Tests.Chat;

public sealed class TypedCommandParserTests
{
    [Fact]
    public void Plain_text_is_said_in_the_current_room_as_typed()
    {
        Assert.Equal(new TypedCommand.Say("  hello  world"), TypedCommandParser.Parse("  hello  world  "));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_line_does_nothing(string line)
    {
        Assert.IsType<TypedCommand.Nothing>(TypedCommandParser.Parse(line));
    }

    [Theory]
    [InlineData("exit")]
    [InlineData("  EXIT ")]
    [InlineData("/quit")]
    [InlineData("/exit")]
    public void Exit_and_quit_without_reason_quit(string line)
    {
        Assert.Equal(new TypedCommand.Quit(null), TypedCommandParser.Parse(line));
    }

    [Fact]
    public void Quit_keeps_its_reason()
    {
        Assert.Equal(new TypedCommand.Quit("gone fishing"), TypedCommandParser.Parse("/quit gone fishing"));
    }

    [Fact]
    public void Exit_inside_a_sentence_is_just_text()
    {
        Assert.Equal(new TypedCommand.Say("exit here"), TypedCommandParser.Parse("exit here"));
    }

    [Theory]
    [InlineData("/join #rust", "#rust")]
    [InlineData("/join rust", "#rust")]
    [InlineData("/JOIN #Rust", "#Rust")]
    [InlineData("/j #rust", "#rust")]
    public void Join_names_a_room_adding_the_hash_when_missing(string line, string room)
    {
        Assert.Equal(new TypedCommand.Join(room, null), TypedCommandParser.Parse(line));
    }

    [Fact]
    public void Join_passes_a_key()
    {
        Assert.Equal(new TypedCommand.Join("#secret", "sesame"), TypedCommandParser.Parse("/join #secret sesame"));
    }

    [Theory]
    [InlineData("/join")]
    [InlineData("/join #a,b")]
    public void Join_without_a_valid_room_explains_itself(string line)
    {
        Assert.IsType<TypedCommand.Invalid>(TypedCommandParser.Parse(line));
    }

    [Fact]
    public void Msg_takes_a_nick_and_the_rest_of_the_line()
    {
        Assert.Equal(new TypedCommand.PrivateMessage("bob", "see you  at 5"), TypedCommandParser.Parse("/msg bob see you  at 5"));
    }

    [Theory]
    [InlineData("/msg")]
    [InlineData("/msg bob")]
    [InlineData("/msg bob   ")]
    [InlineData("/msg 9lives hi")]
    public void Msg_without_a_valid_nick_and_text_explains_itself(string line)
    {
        var invalid = Assert.IsType<TypedCommand.Invalid>(TypedCommandParser.Parse(line));
        Assert.NotEmpty(invalid.Problem);
    }

    [Fact]
    public void Nick_takes_one_valid_name()
    {
        Assert.Equal(new TypedCommand.ChangeNick("zed"), TypedCommandParser.Parse("/nick zed"));
        Assert.IsType<TypedCommand.Invalid>(TypedCommandParser.Parse("/nick two words"));
        Assert.IsType<TypedCommand.Invalid>(TypedCommandParser.Parse("/nick -dash"));
        Assert.IsType<TypedCommand.Invalid>(TypedCommandParser.Parse("/nick"));
    }

    [Fact]
    public void Who_is_for_the_current_room_unless_one_is_named()
    {
        Assert.Equal(new TypedCommand.Who(null), TypedCommandParser.Parse("/who"));
        Assert.Equal(new TypedCommand.Who("#rust"), TypedCommandParser.Parse("/who rust"));
        Assert.Equal(new TypedCommand.Who("#rust"), TypedCommandParser.Parse("/names #rust"));
    }

    [Fact]
    public void Part_takes_an_optional_room_and_reason()
    {
        Assert.Equal(new TypedCommand.Part(null, null), TypedCommandParser.Parse("/part"));
        Assert.Equal(new TypedCommand.Part("#x", "bye all"), TypedCommandParser.Parse("/part #x bye all"));
        Assert.Equal(new TypedCommand.Part(null, "bye all"), TypedCommandParser.Parse("/part bye all"));
    }

    [Fact]
    public void Me_is_an_action()
    {
        Assert.Equal(new TypedCommand.Act("waves"), TypedCommandParser.Parse("/me waves"));
        Assert.IsType<TypedCommand.Invalid>(TypedCommandParser.Parse("/me"));
    }

    [Fact]
    public void Double_slash_sends_a_line_starting_with_a_slash()
    {
        Assert.Equal(new TypedCommand.Say("/shrug"), TypedCommandParser.Parse("//shrug"));
    }

    [Fact]
    public void Unknown_command_is_named_back()
    {
        Assert.Equal(new TypedCommand.Unknown("frobnicate"), TypedCommandParser.Parse("/frobnicate now"));
    }
}
