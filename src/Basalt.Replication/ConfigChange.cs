namespace Basalt.Replication;

/// <summary>What a single-server membership change does to one node.</summary>
public enum ConfigChangeType : byte
{
    /// <summary>Add a full voter, or promote a learner or log replica to one.</summary>
    AddVoter = 0,

    /// <summary>Add a log replica (votes and persists, keeps no state machine), or change a member into one.</summary>
    AddLogReplica = 1,

    /// <summary>Add a learner (receives the log, never votes), or demote a member to one.</summary>
    AddLearner = 2,

    /// <summary>Remove the node from the group.</summary>
    Remove = 3,
}

/// <summary>A single-server membership change.</summary>
public readonly record struct ConfigChange(ConfigChangeType Type, ulong NodeId);
