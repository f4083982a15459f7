namespace Basalt.Storage.Tests;

public sealed class InMemoryStorageEngineTests : StorageEngineContractTests
{
    protected override IStorageEngine CreateEngine() => new InMemoryStorageEngine();
}
