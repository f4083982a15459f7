using Basalt.Model.Expressions;
using static Basalt.Model.Tests.Expressions.Values;

namespace Basalt.Model.Tests.Expressions;

public class UpdateParserTests
{
    private static readonly Dictionary<string, AttributeValue> V = Vals(
        (":s", S("x")), (":n", AnyNumber), (":l", L()), (":ss", SS("a")), (":m", M()), (":b", B(1)), (":t", Bool(true)), (":null", Null));

    [Fact]
    public void ParsesEveryClauseInAnyOrder()
    {
        var update = Update("ADD #e :ss,#d :n DELETE #c :ss REMOVE #b SET #f = :l, g = h",
            Names("#b", "b", "#c", "c", "#d", "d", "#e", "e", "#f", "f"), V);
        Assert.Equal(
            ["ADD [e] SS:[a]", "ADD [d] N:" + AnyNumber.N, "DELETE [c] SS:[a]", "REMOVE [b]", "SET [f] = :l", "SET [g] = [h]"],
            update.Actions.Select(a => a.ToString()));
        Assert.Equal(["e", "d", "c", "b", "f", "g"], update.TopLevelAttributeNames);
        Assert.True(update.Touches("d"));
        Assert.False(update.Touches("z"));
        Assert.False(update.IsLegacy);
    }

    [Theory]
    [InlineData("SET a = b + :n", "SET [a] = [b] + :n")]
    [InlineData("SET a = b - :n", "SET [a] = [b] - :n")]
    [InlineData("SET a = (b + :n)", "SET [a] = [b] + :n")]
    [InlineData("SET a = (b) - (:n)", "SET [a] = [b] - :n")]
    [InlineData("SET a = if_not_exists(a, :n) + :n", "SET [a] = if_not_exists([a], :n) + :n")]
    [InlineData("SET a = list_append(if_not_exists(a, :l), :l)", "SET [a] = list_append(if_not_exists([a], :l), :l)")]
    [InlineData("SET a = list_append(:l, a)", "SET [a] = list_append(:l, [a])")]
    [InlineData("SET a.b[2].c = d[0]", "SET [a, b, [2], c] = [d, [0]]")]
    [InlineData("SET a = if_not_exists(b, c)", "SET [a] = if_not_exists([b], [c])")]
    public void ParsesSetValues(string expression, string expected)
    {
        Assert.Equal(expected, Update(expression, values: V).Actions.Single().ToString());
    }

    [Theory]
    [InlineData("SET a = :s SET b = :s", "SET")]
    [InlineData("REMOVE a SET b = :s REMOVE c", "REMOVE")]
    [InlineData("ADD a :n SET b = :s ADD c :n", "ADD")]
    [InlineData("DELETE a :ss SET b = :s DELETE c :ss", "DELETE")]
    public void EachSectionMayAppearOnce(string expression, string section)
    {
        Assert.Equal("Invalid UpdateExpression: The \"" + section + "\" section can only be used once in an update expression;",
            UpdateError(expression, values: V));
    }

    [Theory]
    [InlineData("SET fieldx = :s, fieldx = :s", "[fieldx]", "[fieldx]")]
    [InlineData("SET mapx = :m, mapx.num = :n", "[mapx]", "[mapx, num]")]
    [InlineData("SET lst[0] = :s, lst[0].ok = :s", "[lst, [0]]", "[lst, [0], ok]")]
    [InlineData("SET #attribute = :s, fieldx = :s", "[fieldx]", "[fieldx]")]
    [InlineData("set c.b.#c = a, c = a, #d = a", "[c, b, c]", "[c]")]
    [InlineData("set a = b remove a, #c, #d", "[a]", "[a]")]
    [InlineData("set #c[3].#d = a, #c[3] = a", "[c, [3], [3]]", "[c, [3]]")]
    [InlineData("remove c, #c.a, #d", "[c]", "[c, a]")]
    [InlineData("remove a, #c, a, #d", "[a]", "[a]")]
    [InlineData("set d[1] = a, d.b = a, c[1].a = a, #c = a", "[c, [1], a]", "[c]")]
    public void OverlappingPathsAreRejected(string expression, string one, string two)
    {
        Assert.Equal("Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: " +
            one + ", path two: " + two, UpdateError(expression, Names("#attribute", "fieldx", "#c", "c", "#d", "[3]"), V));
    }

    [Theory]
    [InlineData("set #c[3].#d = a, #c.#d[3] = if_not_exists(a, b)", "[c, [3], [3]]", "[c, [3], [3]]")]
    [InlineData("remove a.#c set a[1] = #d", "[a, c]", "[a, [1]]")]
    public void ConflictingPathsAreRejected(string expression, string one, string two)
    {
        Assert.Equal("Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: " +
            one + ", path two: " + two, UpdateError(expression, Names("#c", "c", "#d", "[3]"), V));
    }

    [Theory]
    [InlineData("ADD a :s", "ADD", "STRING")]
    [InlineData("ADD a :l", "ADD", "LIST")]
    [InlineData("ADD a :m", "ADD", "MAP")]
    [InlineData("ADD a :b", "ADD", "BINARY")]
    [InlineData("ADD a :t", "ADD", "BOOLEAN")]
    [InlineData("ADD a :null", "ADD", "NULL")]
    [InlineData("DELETE a :s", "DELETE", "STRING")]
    [InlineData("DELETE a :n", "DELETE", "NUMBER")]
    [InlineData("DELETE a.b :l", "DELETE", "LIST")]
    public void AddAndDeleteOperandsMustBeNumbersOrSets(string expression, string op, string type)
    {
        Assert.Equal("Invalid UpdateExpression: Incorrect operand type for operator or function; operator: " + op +
            ", operand type: " + type + ", typeSet: ALLOWED_FOR_ADD_OPERAND", UpdateError(expression, values: V));
    }

    [Fact]
    public void AddAcceptsNumbersAndSetsAndDeleteAcceptsSets()
    {
        Update("ADD a :n, b :ss DELETE c :ss", values: V);
    }

    [Theory]
    [InlineData("set a = list_append(:s, a)", "list_append", "S")]
    [InlineData("set a = list_append(a, :n)", "list_append", "N")]
    [InlineData("set a = list_append(:m, a)", "list_append", "M")]
    [InlineData("set a = list_append(:ss, a)", "list_append", "SS")]
    [InlineData("set a = a + :s", "+", "S")]
    [InlineData("set a = :s + :b", "+", "S")]
    [InlineData("set a = :b + a", "+", "B")]
    [InlineData("set a = a - :l", "-", "L")]
    [InlineData("set a = a - :null", "-", "NULL")]
    [InlineData("set a = a - :t", "-", "BOOL")]
    public void FunctionOperandsOfTheWrongTypeAreRejected(string expression, string function, string type)
    {
        Assert.Equal("Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: " +
            function + ", operand type: " + type, UpdateError(expression, values: V));
    }

    [Theory]
    [InlineData("set a = if_not_exists(c)", "if_not_exists", 1)]
    [InlineData("set a = list_append(c)", "list_append", 1)]
    [InlineData("set a = list_append(c, d, e)", "list_append", 3)]
    public void FunctionOperandCountsAreChecked(string expression, string function, int count)
    {
        Assert.Equal("Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: " +
            function + ", number of operands: " + count, UpdateError(expression, values: V));
    }

    [Theory]
    [InlineData("set a = if_not_exists(:s, c)")]
    [InlineData("set a = if_not_exists(if_not_exists(a, b), c)")]
    public void IfNotExistsNeedsADocumentPath(string expression)
    {
        Assert.Equal("Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists",
            UpdateError(expression, values: V));
    }

    [Theory]
    [InlineData("SET r = contains(s, :s)", "The function is not allowed in an update expression; function: contains")]
    [InlineData("SET r = size(s)", "The function is not allowed in an update expression; function: size")]
    [InlineData("SET r = attribute_exists(s)", "The function is not allowed in an update expression; function: attribute_exists")]
    [InlineData("SET r = if_not_exist(s, :s)", "Invalid function name; function: if_not_exist")]
    [InlineData("SET r = list_append(list_append(l, :l), :l)", "The function is not allowed to be used this way in an expression; function: list_append")]
    public void FunctionsOutsideTheUpdateSetAreRejected(string expression, string message)
    {
        Assert.Equal("Invalid UpdateExpression: " + message, UpdateError(expression, values: V));
    }

    [Theory]
    [InlineData(" set #c = :s set abOrt = true ", "abOrt")]
    [InlineData(" remove Absolute ", "Absolute")]
    [InlineData("SET a = COUNT", "COUNT")]
    public void ReservedWordsAreRejectedFirst(string expression, string word)
    {
        Assert.Equal("Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: " + word,
            UpdateError(expression, Names("#a", "a"), V));
    }

    [Fact]
    public void UndefinedNamesComeBeforeUndefinedValues()
    {
        Assert.Equal("Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #name",
            UpdateError("SET a = :missing, #name = :s", values: V));
        Assert.Equal("Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :missing",
            UpdateError("SET a = :missing"));
    }

    [Fact]
    public void RedundantParenthesesAreRejected()
    {
        const string message = "Invalid UpdateExpression: The expression has redundant parentheses;";
        Assert.Equal(message, UpdateError("SET a = ((b))", values: V));
        Assert.Equal(message, UpdateError("SET a = ((b + :n))", values: V));
        Assert.Equal(message, UpdateError("SET a = ((b)) + :n", values: V));
    }

    [Theory]
    [InlineData("whatever")]
    [InlineData("set a")]
    [InlineData("set a=set")]
    [InlineData("remove a = b")]
    [InlineData("add a = b")]
    [InlineData("delete a if_not_exist(b)")]
    [InlineData("remove a b")]
    [InlineData("set :a = b")]
    [InlineData("add :a b")]
    [InlineData("remove :a")]
    [InlineData("set a[1] = \"eight\"")]
    [InlineData("set a[1] = 1")]
    [InlineData("SET if_not_exist(a, b) = a")]
    [InlineData("set (a = (b + c))")]
    [InlineData("set a = (b.c).d + e")]
    [InlineData("set a = (b + c) + d")]
    [InlineData("set a = list_append(b, c + d)")]
    [InlineData("set a = b,")]
    public void MalformedUpdatesAreSyntaxErrors(string expression)
    {
        Assert.StartsWith("Invalid UpdateExpression: Syntax error; token: ", UpdateError(expression, values: V));
    }

    [Fact]
    public void AUnusedFunctionCheckComesAfterPathChecks()
    {
        // Overlap (reported) before the operand count of if_not_exists (also wrong).
        Assert.StartsWith("Invalid UpdateExpression: Two document paths overlap",
            UpdateError("set a = if_not_exists(b), a = :s", values: V));
    }
}
