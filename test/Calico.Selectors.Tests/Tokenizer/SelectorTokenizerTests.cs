using Calico.Selectors.Tokenizer;

namespace Calico.Selectors.Tests.Tokenizer;

public class SelectorTokenizerTests
{
    // Cases from Calico's tokenizer_test.go, written as "Kind(value)" separated by spaces.
    [Theory]
    [InlineData("a==\"b\"", "Label(a) Eq StringLiteral(b) Eof")]
    [InlineData("label == \"value\"", "Label(label) Eq StringLiteral(value) Eof")]
    [InlineData("label contains \"value\"", "Label(label) Contains StringLiteral(value) Eof")]
    [InlineData("contains contains \"contains\"", "Label(contains) Contains StringLiteral(contains) Eof")]
    [InlineData("contains contains 'contains'", "Label(contains) Contains StringLiteral(contains) Eof")]
    [InlineData("label contains\"value\"", "Label(label) Contains StringLiteral(value) Eof")]
    [InlineData("label startswith \"value\"", "Label(label) StartsWith StringLiteral(value) Eof")]
    [InlineData("label endswith \"value\"", "Label(label) EndsWith StringLiteral(value) Eof")]
    [InlineData("label starts with \"value\"", "Label(label) StartsWith StringLiteral(value) Eof")]
    [InlineData("startswith starts with \"value\"", "Label(startswith) StartsWith StringLiteral(value) Eof")]
    [InlineData("label ends with \"value\"", "Label(label) EndsWith StringLiteral(value) Eof")]
    [InlineData("endswith ends with \"value\"", "Label(endswith) EndsWith StringLiteral(value) Eof")]
    [InlineData("label starts  with \"value\"", "Label(label) StartsWith StringLiteral(value) Eof")]
    [InlineData("label ends  with \"value\"", "Label(label) EndsWith StringLiteral(value) Eof")]
    [InlineData("a not in \"bar\" && !has(foo) || b in c", "Label(a) NotIn StringLiteral(bar) And Not HasOpen Label(foo) RParen Or Label(b) In Label(c) Eof")]
    [InlineData("has(calico/k8s_ns)", "HasOpen Label(calico/k8s_ns) RParen Eof")]
    [InlineData("has(calico/k8s_NS-.1/role)", "HasOpen Label(calico/k8s_NS-.1/role) RParen Eof")]
    [InlineData("a  not  in  \"bar\"  &&  ! has( foo )  ||  b  in  c ", "Label(a) NotIn StringLiteral(bar) And Not HasOpen Label(foo) RParen Or Label(b) In Label(c) Eof")]
    [InlineData("a notin\"bar\"&&!has(foo)||b in\"c\"", "Label(a) NotIn StringLiteral(bar) And Not HasOpen Label(foo) RParen Or Label(b) In StringLiteral(c) Eof")]
    [InlineData("a not in {}", "Label(a) NotIn LBrace RBrace Eof")]
    [InlineData("a not in {\"a\",\"B\"}", "Label(a) NotIn LBrace StringLiteral(a) Comma StringLiteral(B) RBrace Eof")]
    [InlineData("global()", "GlobalOpen RParen Eof")]
    [InlineData("all()", "AllOpen RParen Eof")]
    [InlineData("all( )", "AllOpen RParen Eof")]
    [InlineData("a != 'x'", "Label(a) Ne StringLiteral(x) Eof")]
    [InlineData("!a", "Not Label(a) Eof")]
    [InlineData("a b", "Label(a) Invalid Eof")]
    [InlineData("a = 'x'", "Label(a) Invalid StringLiteral(x) Eof")]
    [InlineData("&", "Invalid Eof")]
    [InlineData("", "Eof")]
    [InlineData(" \t ", "Eof")]
    public void Next_CalicoTokenizerCase_ProducesExpectedTokens(string input, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Tokenize(input)));
    }

    [Fact]
    public void Next_StringToken_RecordsPositionAndLengthIncludingQuotes()
    {
        var tokenizer = new SelectorTokenizer("a == 'xy'");
        tokenizer.Next();
        tokenizer.Next();

        var token = tokenizer.Next();

        Assert.Equal(new Token(TokenKind.StringLiteral, 5, 4, "xy"), token);
    }

    [Fact]
    public void Next_LabelOfMaximumLength_IsAccepted()
    {
        var label = new string('a', SelectorTokenizer.MaxLabelLength);

        Assert.Equal(label, new SelectorTokenizer(label).Next().Value);
    }

    [Fact]
    public void Next_LabelOneOverMaximumLength_ThrowsAtLabelStart()
    {
        var tokenizer = new SelectorTokenizer("  " + new string('a', SelectorTokenizer.MaxLabelLength + 1));

        var error = Assert.Throws<SelectorParseException>(() => tokenizer.Next());

        Assert.Equal(2, error.Position);
        Assert.Equal("a label of at most 512 characters", error.Expected);
        Assert.Equal("a label of 513 characters", error.Found);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("projectcalico.org/namespace", true)]
    [InlineData("k8s-app_v1.2", true)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("a:b", false)]
    [InlineData("é", false)]
    public void IsValidLabel_Label_FollowsLabelCharset(string label, bool expected)
    {
        Assert.Equal(expected, SelectorTokenizer.IsValidLabel(label));
    }

    private static List<string> Tokenize(string input)
    {
        var tokenizer = new SelectorTokenizer(input);
        var tokens = new List<string>();
        Token token;
        do
        {
            token = tokenizer.Next();
            tokens.Add(token.Kind is TokenKind.Label or TokenKind.StringLiteral ? $"{token.Kind}({token.Value})" : token.Kind.ToString());
        }
        while (token.Kind != TokenKind.Eof);

        return tokens;
    }
}
