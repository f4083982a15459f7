namespace Basalt.Replication;
