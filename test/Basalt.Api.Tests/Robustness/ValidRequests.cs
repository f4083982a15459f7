namespace Basalt.Api.Tests.Robustness;

/// <summary>Well-formed requests of the core operations, against table <see cref="Table"/> (pk S, sk N): the fuzzer's seeds.</summary>
internal static class ValidRequests
{
    public const string Table = "fuzz";

    public static readonly string CreateFuzzTable =
        """{"TableName":"fuzz","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}],"BillingMode":"PAY_PER_REQUEST"}""";

    public static readonly (string Operation, string Body)[] All =
    [
        ("CreateTable", """{"TableName":"fuzz-created","KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"id","AttributeType":"B"}],"ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":5},"Tags":[{"Key":"k","Value":"v"}]}"""),
        ("PutItem", """{"TableName":"fuzz","Item":{"pk":{"S":"a"},"sk":{"N":"1"},"s":{"SS":["x","y"]},"n":{"NS":["1","2.5"]},"m":{"M":{"l":{"L":[{"N":"1"},{"BOOL":true},{"NULL":true},{"B":"AAEC"}]}}},"b":{"B":"AAEC"}},"ConditionExpression":"attribute_not_exists(#p) OR #n < :v","ExpressionAttributeNames":{"#p":"pk","#n":"num"},"ExpressionAttributeValues":{":v":{"N":"5"}},"ReturnValues":"ALL_OLD","ReturnConsumedCapacity":"TOTAL"}"""),
        ("GetItem", """{"TableName":"fuzz","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"ProjectionExpression":"#m.l[0], s, b","ExpressionAttributeNames":{"#m":"m"},"ConsistentRead":true,"ReturnConsumedCapacity":"TOTAL"}"""),
        ("UpdateItem", """{"TableName":"fuzz","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"UpdateExpression":"SET #c = if_not_exists(#c, :zero) + :one, l = list_append(if_not_exists(l, :empty), :item) REMOVE gone ADD s :set","ConditionExpression":"attribute_type(s, :ss)","ExpressionAttributeNames":{"#c":"count"},"ExpressionAttributeValues":{":zero":{"N":"0"},":one":{"N":"1"},":empty":{"L":[]},":item":{"L":[{"S":"x"}]},":set":{"SS":["z"]},":ss":{"S":"SS"}},"ReturnValues":"UPDATED_NEW"}"""),
        ("Query", """{"TableName":"fuzz","KeyConditionExpression":"pk = :p AND sk BETWEEN :a AND :b","FilterExpression":"attribute_exists(m) AND size(s) > :n","ProjectionExpression":"pk, sk, s","ExpressionAttributeValues":{":p":{"S":"a"},":a":{"N":"0"},":b":{"N":"100"},":n":{"N":"0"}},"Limit":10,"ScanIndexForward":false,"ReturnConsumedCapacity":"TOTAL"}"""),
        ("Scan", """{"TableName":"fuzz","FilterExpression":"begins_with(pk, :p) OR contains(s, :x)","ExpressionAttributeValues":{":p":{"S":"a"},":x":{"S":"x"}},"Segment":0,"TotalSegments":2,"Limit":50,"Select":"ALL_ATTRIBUTES"}"""),
        ("BatchWriteItem", """{"RequestItems":{"fuzz":[{"PutRequest":{"Item":{"pk":{"S":"b"},"sk":{"N":"2"},"v":{"S":"x"}}}},{"DeleteRequest":{"Key":{"pk":{"S":"c"},"sk":{"N":"3"}}}}]},"ReturnConsumedCapacity":"INDEXES","ReturnItemCollectionMetrics":"SIZE"}"""),
    ];

    /// <summary>Targets a mutated request may be sent to instead (never DeleteTable: the fuzz table must survive).</summary>
    public static readonly string[] OtherOperations =
    [
        "CreateTable", "PutItem", "GetItem", "UpdateItem", "Query", "Scan", "BatchWriteItem", "BatchGetItem",
        "DeleteItem", "DescribeTable", "ListTables", "UpdateTable",
    ];
}
