using System.Text;
using System.Text.Json;

namespace Basalt.Model.Tests;

public class AttributeValueJsonTests
{
    private static readonly JsonDocumentOptions DeepDocuments = new() { MaxDepth = 512 };

    [Theory]
    [InlineData("""{"S":"x"}""")]
    [InlineData("""{"S":""}""")]
    [InlineData("""{"N":"1.5"}""")]
    [InlineData("""{"B":"AAEC"}""")]
    [InlineData("""{"BOOL":true}""")]
    [InlineData("""{"BOOL":false}""")]
    [InlineData("""{"NULL":true}""")]
    [InlineData("""{"M":{"a":{"S":"x"},"b":{"M":{}}}}""")]
    [InlineData("""{"L":[{"N":"1"},{"L":[]}]}""")]
    [InlineData("""{"SS":["a","b"]}""")]
    [InlineData("""{"NS":["1","-2.5"]}""")]
    [InlineData("""{"BS":["AA==","/w=="]}""")]
    public void CanonicalJsonRoundTrips(string json) => Assert.Equal(json, WriteJson(Read(json)));

    [Fact]
    public void NumbersAreWrittenInCanonicalForm()
    {
        Assert.Equal("""{"N":"100000"}""", WriteJson(Read("""{"N":"1e5"}""")));
        Assert.Equal("""{"NS":["1.5","0"]}""", WriteJson(Read("""{"NS":["01.50","-0"]}""")));
    }

    [Fact]
    public void NumbersWithJsonEscapesParse() =>
        Assert.Equal(DynamoNumber.Parse("12"), Read("""{"N":"\u0031\u0032"}""").N);

    [Fact]
    public void ReadsEveryKind()
    {
        AttributeValue value = Read("""{"M":{"s":{"S":"é"},"n":{"N":"-0.001"},"b":{"B":"AQI="},"t":{"BOOL":true},"z":{"NULL":true},"l":{"L":[{"SS":["x"]},{"NS":["2"]},{"BS":["AA=="]}]}}}""");
        Assert.Equal(AttributeKind.M, value.Kind);
        IReadOnlyDictionary<string, AttributeValue> m = value.M!;
        Assert.Equal("é", m["s"].S);
        Assert.Equal("-0.001", m["n"].N.ToString());
        Assert.Equal(new byte[] { 1, 2 }, m["b"].B);
        Assert.True(m["t"].Bool);
        Assert.Equal(AttributeKind.NULL, m["z"].Kind);
        Assert.Equal(["x"], m["l"].L![0].SS!);
        Assert.Equal(DynamoNumber.FromInt64(2), m["l"].L![1].NS![0]);
        Assert.Equal(new byte[] { 0 }, m["l"].L![2].BS![0]);
    }

    [Theory]
    [InlineData("""{}""", AttributeValueMessages.Empty)]
    [InlineData("""{"S":null}""", AttributeValueMessages.Empty)]
    [InlineData("""{"X":"1"}""", AttributeValueMessages.Empty)]
    [InlineData("""{"S":"a","N":"1"}""", AttributeValueMessages.MoreThanOneType)]
    [InlineData("""{"S":"a","N":"x"}""", "The parameter cannot be converted to a numeric value: x")]
    [InlineData("""{"N":""}""", "The parameter cannot be converted to a numeric value: ")]
    [InlineData("""{"N":"1e126"}""", DynamoNumber.OverflowMessage)]
    [InlineData("""{"SS":[]}""", "One or more parameter values were invalid: An string set  may not be empty")]
    [InlineData("""{"NS":[]}""", "One or more parameter values were invalid: An number set  may not be empty")]
    [InlineData("""{"BS":[]}""", "One or more parameter values were invalid: Binary sets should not be empty")]
    [InlineData("""{"NULL":false}""", "One or more parameter values were invalid: Null attribute value types must have the value of true")]
    [InlineData("""{"SS":["a","a"]}""", "One or more parameter values were invalid: Input collection [\"a\", \"a\"] contains duplicates.")]
    [InlineData("""{"SS":["b","a","b"]}""", "One or more parameter values were invalid: Input collection [\"a\", \"b\", \"b\"] contains duplicates.")]
    [InlineData("""{"SS":["c","a","c","b"]}""", "One or more parameter values were invalid: Input collection [\"a\", \"c\", \"c\", \"b\"] contains duplicates.")]
    [InlineData("""{"BS":["/w==","AA==","AA=="]}""", "One or more parameter values were invalid: Input collection [\"AA==\",\"/w==\",\"AA==\"]of type BS contains duplicates.")]
    [InlineData("""{"NS":["2","1","2"]}""", "One or more parameter values were invalid: Input collection contains duplicates.")]
    [InlineData("""{"NS":["1","1.0"]}""", "One or more parameter values were invalid: Input collection contains duplicates.")]
    [InlineData("""{"NS":["1","b"]}""", "The parameter cannot be converted to a numeric value: b")]
    [InlineData("""{"L":[{"S":"a"},null]}""", AttributeValueMessages.Empty)]
    [InlineData("""{"M":{"a":{"N":"x"},"b":{"N":"1e-131"}}}""", "The parameter cannot be converted to a numeric value: x")]
    [InlineData("""{"M":{"a":{"N":"1e-131"},"b":{"N":"x"}}}""", DynamoNumber.UnderflowMessage)]
    public void InvalidValuesGiveDynamoDbValidationMessages(string json, string message)
    {
        ValidationException e = Assert.Throws<ValidationException>(() => Read(json));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void LargeSetsDetectDuplicatesToo()
    {
        string members = string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"{i}\"")) + ",\"7\"";
        Assert.Throws<ValidationException>(() => Read("{\"SS\":[" + members + "]}"));
        Assert.Throws<ValidationException>(() => Read("{\"NS\":[" + members + "]}"));
        Assert.Equal(40, Read("{\"NS\":[" + string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"{i}\"")) + "]}").NS!.Count);
    }

    [Theory]
    [InlineData("""{"N":123}""", "NUMBER_VALUE cannot be converted to String")]
    [InlineData("""{"S":true}""", "BOOLEAN_VALUE cannot be converted to String")]
    [InlineData("""{"S":{}}""", "Start of structure or map found where not expected.")]
    [InlineData("""{"S":[]}""", "Start of list found where not expected")]
    [InlineData("""{"BOOL":"true"}""", "STRING_VALUE cannot be converted to Boolean")]
    [InlineData("""{"NULL":1}""", "NUMBER_VALUE cannot be converted to Boolean")]
    [InlineData("""{"B":5}""", "NUMBER_VALUE cannot be converted to Blob")]
    [InlineData("""{"B":"abc"}""", "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3")]
    [InlineData("""{"B":"ab*c"}""", "'ab*c' can not be converted to a Blob: Invalid Base64 character: '*'")]
    [InlineData("""{"B":"a=bc"}""", "'a=bc' can not be converted to a Blob: Invalid Base64 character: '='")]
    [InlineData("""{"SS":"a"}""", "Expected list or null")]
    [InlineData("""{"L":{}}""", "Start of structure or map found where not expected.")]
    [InlineData("""{"M":[]}""", "Start of list found where not expected")]
    [InlineData("""{"M":"x"}""", "Expected map or null")]
    [InlineData("""{"SS":[1]}""", "NUMBER_VALUE cannot be converted to String")]
    [InlineData("""[]""", "Start of list found where not expected")]
    [InlineData("""{"L":["x"]}""", "Expected null")]
    public void WrongJsonShapesAreSerializationExceptions(string json, string message)
    {
        DynamoDbException e = Assert.Throws<DynamoDbException>(() => Read(json));
        Assert.Equal("SerializationException", e.ErrorCode);
        Assert.Equal("com.amazon.coral.service", e.TypeNamespace);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void SerializationErrorsWinOverEarlierValidationErrors()
    {
        DynamoDbException e = Assert.Throws<DynamoDbException>(() => Read("""{"M":{"a":{"N":"x"},"b":{"S":5}}}"""));
        Assert.Equal("SerializationException", e.ErrorCode);
    }

    [Fact]
    public void NestingUpToThirtyTwoLevelsIsAcceptedAndDeeperIsNot()
    {
        Assert.Equal(AttributeKind.M, Read(DeepMap(31)).Kind);
        ValidationException e = Assert.Throws<ValidationException>(() => Read(DeepMap(32)));
        Assert.Equal(AttributeValueMessages.NestingTooDeep, e.Message);
        Assert.Equal(AttributeValueMessages.NestingTooDeep, Assert.Throws<ValidationException>(() => Read(DeepMap(100))).Message);
    }

    [Fact]
    public void NestingErrorAtTheBottomOfADeepValueWinsOverABadLeaf() =>
        Assert.Equal(
            AttributeValueMessages.NestingTooDeep,
            Assert.Throws<ValidationException>(() => Read(DeepMap(40, """{"N":"abc"}"""))).Message);

    [Fact]
    public void ItemsReadAndWriteAsObjectsOfAttributes()
    {
        const string json = """{"pk":{"S":"a"},"n":{"N":"1"},"deep":{"L":[{"M":{"x":{"NULL":true}}}]}}""";
        using JsonDocument document = JsonDocument.Parse(json);
        Item item = AttributeValueJson.ReadItem(document.RootElement);
        Assert.Equal(3, item.Count);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            AttributeValueJson.WriteItem(writer, item);
        }

        Assert.Equal(json, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void ItemAttributesStartAtNestingLevelOne()
    {
        using JsonDocument ok = JsonDocument.Parse("{\"a\":" + DeepMap(31) + "}", DeepDocuments);
        Assert.Single(AttributeValueJson.ReadItem(ok.RootElement));
        using JsonDocument deep = JsonDocument.Parse("{\"a\":" + DeepMap(32) + "}", DeepDocuments);
        Assert.Throws<ValidationException>(() => AttributeValueJson.ReadItem(deep.RootElement));
    }

    [Fact]
    public void TryReadReportsValidationErrorsWithoutThrowing()
    {
        using JsonDocument document = JsonDocument.Parse("""{"SS":[]}""");
        Assert.False(AttributeValueJson.TryRead(document.RootElement, out _, out string? error));
        Assert.Equal(AttributeValueMessages.EmptyStringSet, error);
    }

    [Fact]
    public void ItemThatIsNotAnObjectIsASerializationException()
    {
        using JsonDocument document = JsonDocument.Parse("""[1]""");
        Assert.Equal("SerializationException", Assert.Throws<DynamoDbException>(() => AttributeValueJson.ReadItem(document.RootElement)).ErrorCode);
    }

    internal static string DeepMap(int depth, string leaf = """{"S":"leaf"}""")
    {
        var text = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            text.Append("{\"M\":{\"n\":");
        }

        text.Append(leaf);
        for (int i = 0; i < depth; i++)
        {
            text.Append("}}");
        }

        return text.ToString();
    }

    internal static AttributeValue Read(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json, DeepDocuments);
        return AttributeValueJson.Read(document.RootElement);
    }

    internal static string WriteJson(AttributeValue value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            AttributeValueJson.Write(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
