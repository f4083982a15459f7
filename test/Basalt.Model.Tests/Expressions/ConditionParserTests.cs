using Basalt.Model.Expressions;
using static Basalt.Model.Tests.Expressions.Values;

namespace Basalt.Model.Tests.Expressions;

public class ConditionParserTests
{
    private static readonly Dictionary<string, AttributeValue> V = Vals((":v", S("x")), (":w", S("y")));

    [Theory]
    [InlineData("a = :v OR b = :v AND c = :v", "(([a] = :v) OR (([b] = :v) AND ([c] = :v)))")]
    [InlineData("a = :v AND b = :v OR c = :v", "((([a] = :v) AND ([b] = :v)) OR ([c] = :v))")]
    [InlineData("NOT a = :v AND b = :v", "((NOT ([a] = :v)) AND ([b] = :v))")]
    [InlineData("NOT NOT a = :v", "(NOT (NOT ([a] = :v)))")]
    [InlineData("(a = :v OR b = :v) AND c = :v", "((([a] = :v) OR ([b] = :v)) AND ([c] = :v))")]
    [InlineData("a BETWEEN :v AND :w AND b = :v", "(([a] BETWEEN :v AND :w) AND ([b] = :v))")]
    [InlineData("a = :v OR b = :v OR c = :v", "(([a] = :v) OR (([b] = :v) OR ([c] = :v)))")]
    [InlineData("a IN (:v, :w, b)", "([a] IN (:v, :w, [b]))")]
    [InlineData("size(a) > :v", "(size([a]) > :v)")]
    [InlineData("(a) = :v", "([a] = :v)")]
    [InlineData("(size(a)) >= (:v)", "(size([a]) >= :v)")]
    [InlineData(":v < a", "(:v < [a])")]
    [InlineData("attribute_exists(a) AND NOT attribute_not_exists(b.c[2])", "(attribute_exists([a]) AND (NOT attribute_not_exists([b, c, [2]])))")]
    [InlineData("begins_with(a, :v) OR contains(b, :v)", "(begins_with([a], :v) OR contains([b], :v))")]
    [InlineData("(attribute_not_exists(pk)) AND (attribute_not_exists(#s))", "(attribute_not_exists([pk]) AND attribute_not_exists([status]))")]
    [InlineData("(attribute_not_exists(pk) AND (attribute_not_exists(#s)))", "(attribute_not_exists([pk]) AND attribute_not_exists([status]))")]
    public void ParsesWithDynamoDbPrecedence(string expression, string expected)
    {
        Assert.Equal(expected, Condition(expression, Names("#s", "status"), V).ToString());
    }

    [Theory]
    [InlineData("a = :v", ComparisonOperator.Equal)]
    [InlineData("a <> :v", ComparisonOperator.NotEqual)]
    [InlineData("a < :v", ComparisonOperator.Less)]
    [InlineData("a <= :v", ComparisonOperator.LessOrEqual)]
    [InlineData("a > :v", ComparisonOperator.Greater)]
    [InlineData("a >= :v", ComparisonOperator.GreaterOrEqual)]
    public void ParsesEveryComparator(string expression, ComparisonOperator expected)
    {
        Assert.Equal(expected, Assert.IsType<ComparisonCondition>(Condition(expression, values: V)).Operator);
    }

    [Fact]
    public void ResolvesNamesAndValues()
    {
        var node = Assert.IsType<ComparisonCondition>(Condition("#a.#b[1] = :v", Names("#a", "and", "#b", "x.y"), V));
        var path = Assert.IsType<PathOperand>(node.Left).Path;
        Assert.Equal(["and", "x.y"], path.Elements.Where(e => !e.IsIndex).Select(e => e.Name!));
        Assert.Equal(1, path[2].Index);
        Assert.Same(V[":v"], Assert.IsType<ValueOperand>(node.Right).Value);
    }

    [Fact]
    public void RedundantParenthesesAreRejected()
    {
        const string message = "Invalid ConditionExpression: The expression has redundant parentheses;";
        Assert.Equal(message, ConditionError("((attribute_not_exists(pk)))"));
        Assert.Equal(message, ConditionError("((a = :v))", values: V));
        Assert.Equal(message, ConditionError("((a)) = :v", values: V));
        Assert.Equal(message, ConditionError("((a = :v)) AND ((b = :v))", values: V));
        Assert.Equal(message, ConditionError("a IN (((:v)))", values: V));
    }

    [Theory]
    [InlineData("COUNT = :v", "COUNT")]
    [InlineData("m.COMMENT = :v", "COMMENT")]
    [InlineData("begins_with(m.COMMENT, :v)", "COMMENT")]
    [InlineData("name = :v", "name")]
    [InlineData("a = :v AND abOrt = :v", "abOrt")]
    public void ReservedWordsInPathsAreRejected(string expression, string word)
    {
        Assert.Equal("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: " + word,
            ConditionError(expression, values: V));
    }

    [Fact]
    public void ReservedWordsAreFineThroughNamesAndAsFunctionNames()
    {
        Condition("begins_with(#m.#c, :v) AND size(#m) > :v", Names("#m", "m", "#c", "COMMENT"), V);
    }

    [Fact]
    public void UndefinedNamesAndValuesAreReported()
    {
        Assert.Equal("Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #missing",
            ConditionError("#missing = :v", values: V));
        Assert.Equal("Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope",
            ConditionError("a = :nope", values: V));
        Assert.Equal("Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :value",
            ConditionError("attribute_exists(:value)"));
    }

    [Fact]
    public void FilterAndKeyConditionMessagesNameTheirParameter()
    {
        Assert.Equal("Invalid FilterExpression: An expression attribute name used in the document path is not defined; attribute name: #missing",
            ErrorOf(() => ExpressionParser.ParseCondition("#missing = :v", Attrs(values: V), ExpressionKind.Filter)));
        Assert.Equal("Invalid KeyConditionExpression: An expression attribute value used in expression is not defined; attribute value: :pk",
            ErrorOf(() => ExpressionParser.ParseCondition("pk = :pk", ExpressionAttributes.None, ExpressionKind.KeyCondition)));
    }

    [Theory]
    [InlineData("contains(#n)", "contains", 1)]
    [InlineData("begins_with(#n, :v, :w)", "begins_with", 3)]
    [InlineData("begins_with(#n)", "begins_with", 1)]
    [InlineData("size(#n, #n) = :v", "size", 2)]
    [InlineData("attribute_exists(#n, #n)", "attribute_exists", 2)]
    [InlineData("attribute_not_exists(#n, :v)", "attribute_not_exists", 2)]
    [InlineData("attribute_type(#n)", "attribute_type", 1)]
    public void WrongOperandCountsAreReported(string expression, string function, int count)
    {
        Assert.Equal("Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: " +
            function + ", number of operands: " + count, ConditionError(expression, Names("#n", "name"), V));
    }

    [Theory]
    [InlineData("begins_with(a, :n)", "begins_with", "N")]
    [InlineData("begins_with(:n, a)", "begins_with", "N")]
    [InlineData("begins_with(a, :l)", "begins_with", "L")]
    [InlineData("size(:n) = :v", "size", "N")]
    [InlineData("size(:t) = :v", "size", "BOOL")]
    [InlineData("size(:null) = :v", "size", "NULL")]
    [InlineData("size(size(a)) = :v", "size", "N")]
    [InlineData("a < :l", "<", "L")]
    [InlineData(":l <= a", "<=", "L")]
    [InlineData("a > :t", ">", "BOOL")]
    [InlineData("a >= :ss", ">=", "SS")]
    [InlineData("a BETWEEN :l AND :l", "BETWEEN", "L")]
    [InlineData("attribute_type(a, :n)", "attribute_type", "N")]
    [InlineData("attribute_type(a, size(b))", "attribute_type", "N")]
    [InlineData("attribute_type(#n, S)", "attribute_type", "{S,SS,N,NS,B,BS,BOOL,NULL,L,M,HD,DOUBLE,FLOAT,HDS,FS,DOUBLESET,DICT,DECIMAL,INT,DECIMALSET,INTSET}")]
    public void LiteralOperandsOfTheWrongTypeAreRejected(string expression, string function, string type)
    {
        var values = Vals((":v", S("x")), (":n", AnyNumber), (":l", L()), (":t", Bool(true)), (":null", Null), (":ss", SS("a")));
        Assert.Equal("Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: " +
            function + ", operand type: " + type, ConditionError(expression, Names("#n", "name"), values));
    }

    [Fact]
    public void EqualityAcceptsEveryType()
    {
        Condition("a = :l AND b <> :m AND c IN (:l, :m)", values: Vals((":l", L()), (":m", M())));
    }

    [Fact]
    public void AttributeTypeNeedsAKnownTypeName()
    {
        Assert.Equal("Invalid ConditionExpression: Invalid attribute type name found; type: STRING, valid types: {S,SS,N,NS,B,BS,BOOL,NULL,L,M}",
            ConditionError("attribute_type(#n, :type)", Names("#n", "name"), Vals((":type", S("STRING")))));
        Assert.Equal("Invalid ConditionExpression: Invalid attribute type name found; type: s, valid types: {S,SS,N,NS,B,BS,BOOL,NULL,L,M}",
            ConditionError("attribute_type(a, :type)", values: Vals((":type", S("s")))));
        foreach (var name in new[] { "S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M" })
        {
            Condition("attribute_type(a, :type)", values: Vals((":type", S(name))));
        }

        Condition("attribute_type(:v, :type)", values: Vals((":v", S("x")), (":type", S("S"))));
    }

    [Theory]
    [InlineData("attribute_exists(:v)", "attribute_exists")]
    [InlineData("attribute_not_exists(size(a))", "attribute_not_exists")]
    public void ExistenceFunctionsNeedADocumentPath(string expression, string function)
    {
        Assert.Equal("Invalid ConditionExpression: Operator or function requires a document path; operator or function: " + function,
            ConditionError(expression, values: V));
    }

    [Theory]
    [InlineData("size(a)", "size")]
    [InlineData("size(#n)", "size")]
    [InlineData("attribute_exists(a) < :v", "attribute_exists")]
    [InlineData("contains(a, :v) = :v", "contains")]
    [InlineData("size(contains(#n, :v)) = :v", "contains")]
    [InlineData("begins_with(begins_with(a, :v), :v)", "begins_with")]
    [InlineData("a IN (attribute_exists(b))", "attribute_exists")]
    public void FunctionsUsedInTheWrongPlaceAreRejected(string expression, string function)
    {
        Assert.Equal("Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: " + function,
            ConditionError(expression, Names("#n", "name"), V));
    }

    [Theory]
    [InlineData("dog(a) = :v", "Invalid function name; function: dog")]
    [InlineData("Attribute_Exists(a)", "Invalid function name; function: Attribute_Exists")]
    [InlineData("SIZE(a) = :v", "Invalid function name; function: SIZE")]
    [InlineData("if_not_exists(s, :v) = :v", "The function is not allowed in a condition expression; function: if_not_exists")]
    [InlineData("list_append(a, a) = :v", "The function is not allowed in a condition expression; function: list_append")]
    public void UnknownAndUpdateOnlyFunctionsAreRejected(string expression, string message)
    {
        Assert.Equal("Invalid ConditionExpression: " + message, ConditionError(expression, values: V));
    }

    [Theory]
    [InlineData("contains(name, name)", "contains", "[name]")]
    [InlineData("contains(#a, #a)", "contains", "[data]")]
    [InlineData("begins_with(a.b, a.b)", "begins_with", "[a, b]")]
    [InlineData("a = a", "=", "[a]")]
    [InlineData("a[1] < a[1]", "<", "[a, [1]]")]
    public void IdenticalOperandsAreRejected(string expression, string op, string path)
    {
        // Checked before reserved words: contains(name, name) reports the operands, not "name".
        Assert.Equal("Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: " +
            op + ", first operand: " + path, ConditionError(expression, Names("#a", "data")));
    }

    [Fact]
    public void InAcceptsUpTo99CandidatesAfterTheValue()
    {
        var values = Enumerable.Range(0, 100).ToDictionary(i => ":v" + i, _ => S("x"));
        var ninetyNine = "a IN (" + string.Join(",", values.Keys.Take(99)) + ")";
        Assert.Equal(99, ((InCondition)ExpressionParser.ParseCondition(ninetyNine, Attrs(values: values.Take(99).ToDictionary()), ExpressionKind.Condition)).Candidates.Count);
        var hundred = "a IN (" + string.Join(",", values.Keys) + ")";
        Assert.Equal("Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101",
            ConditionError(hundred, values: values));
    }

    [Fact]
    public void TooManyOperatorsAreRejected()
    {
        var ok = string.Join(" AND ", Enumerable.Repeat("a = :v", 150));
        Condition(ok, values: V);
        var tooMany = string.Join(" AND ", Enumerable.Repeat("a = :v", 151));
        Assert.Equal("Invalid ConditionExpression: The expression contains too many operators; operator count: 301",
            ConditionError(tooMany, values: V));
    }

    [Fact]
    public void PathsDeeperThan32LevelsAreRejected()
    {
        var deep32 = "a" + string.Concat(Enumerable.Repeat(".b", 31)) + " = :v";
        Condition(deep32, values: V);
        var deep33 = "a" + string.Concat(Enumerable.Repeat("[0]", 32)) + " = :v";
        Assert.Equal("Invalid ConditionExpression: The document path has too many nesting levels; nesting levels: 33",
            ConditionError(deep33, values: V));
    }

    [Fact]
    public void HugeListIndexesAreRejected()
    {
        Assert.Equal("Invalid ConditionExpression: List index is not within the allowable range; index: [99999999999999]",
            ConditionError("a[99999999999999] = :v", values: V));
    }

    [Fact]
    public void ErrorsAreReportedByKindNotPosition()
    {
        // A reserved word later in the text still wins over an undefined name earlier on.
        Assert.Equal("Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: COUNT",
            ConditionError("#x = :v AND COUNT = :v", values: V));
        // An unknown function wins over a reserved word.
        Assert.Equal("Invalid ConditionExpression: Invalid function name; function: dog",
            ConditionError("COUNT = :v AND dog(a) = :v", values: V));
        // Undefined values win over operand count errors.
        Assert.Equal("Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :nope",
            ConditionError("begins_with(a) AND b = :nope", values: V));
    }

    [Fact]
    public void KindsOtherThanConditionsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpressionParser.ParseCondition("a = :v", Attrs(values: V), ExpressionKind.Update));
    }
}
