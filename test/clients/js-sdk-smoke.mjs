// Drives the AWS SDK for JavaScript v3 against a Basalt endpoint: node js-sdk-smoke.mjs URL TABLE
// Prints one JSON line with what it observed; exits non-zero on any unexpected error.
import {
  DynamoDBClient, CreateTableCommand, PutItemCommand, GetItemCommand, UpdateItemCommand,
  QueryCommand, BatchWriteItemCommand, ScanCommand, DeleteTableCommand,
} from '@aws-sdk/client-dynamodb';

const [endpoint, table] = process.argv.slice(2);
const client = new DynamoDBClient({
  endpoint, region: 'us-east-1', maxAttempts: 1,
  credentials: { accessKeyId: 'AKIDJS', secretAccessKey: 'secret' },
});

await client.send(new CreateTableCommand({
  TableName: table,
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
  BillingMode: 'PAY_PER_REQUEST',
}));
await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'a' }, sk: { N: '1' }, v: { S: 'héllo ✓' } } }));
const requests = [];
for (let i = 2; i <= 10; i++) requests.push({ PutRequest: { Item: { pk: { S: 'a' }, sk: { N: String(i) } } } });
await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
const got = await client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'a' }, sk: { N: '1' } }, ConsistentRead: true }));
const updated = await client.send(new UpdateItemCommand({
  TableName: table, Key: { pk: { S: 'a' }, sk: { N: '1' } },
  UpdateExpression: 'ADD #c :one', ExpressionAttributeNames: { '#c': 'count' },
  ExpressionAttributeValues: { ':one': { N: '1' } }, ReturnValues: 'ALL_NEW',
}));
let conditionError = null;
try {
  await client.send(new PutItemCommand({
    TableName: table, Item: { pk: { S: 'a' }, sk: { N: '1' } }, ConditionExpression: 'attribute_not_exists(pk)',
  }));
} catch (e) { conditionError = e.name; }
const query = await client.send(new QueryCommand({
  TableName: table, KeyConditionExpression: 'pk = :p AND sk >= :s',
  ExpressionAttributeValues: { ':p': { S: 'a' }, ':s': { N: '5' } }, ScanIndexForward: false, Limit: 3,
}));
const scan = await client.send(new ScanCommand({ TableName: table, Select: 'COUNT' }));
await client.send(new DeleteTableCommand({ TableName: table }));
console.log(JSON.stringify({
  value: got.Item.v.S,
  count: updated.Attributes.count.N,
  conditionError,
  querySortKeys: query.Items.map((i) => i.sk.N),
  queryHasMore: query.LastEvaluatedKey !== undefined,
  scanCount: scan.Count,
}));
