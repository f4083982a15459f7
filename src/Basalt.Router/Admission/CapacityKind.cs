namespace Basalt.Router.Admission;

/// <summary>The two kinds of capacity DynamoDB meters separately: read units and write units.</summary>
public enum CapacityKind
{
    Read = 0,
    Write = 1,
}

/// <summary>How a table pays for throughput: provisioned units, or on-demand (PAY_PER_REQUEST).</summary>
public enum CapacityMode
{
    Provisioned = 0,
    OnDemand = 1,
}
