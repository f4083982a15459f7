namespace Basalt.Simulation.Linearizability;

/// <summary>
/// The history as a doubly linked list of call and return events in time order (calls before
/// returns at equal times, so touching operations count as concurrent). Linearizing an operation
/// lifts its call and return out of the list; backtracking puts them back.
/// </summary>
internal sealed class EventList
{
    public Node Head { get; } = new(-1, isCall: false);

    public static EventList Build(IReadOnlyList<Operation> ops)
    {
        var events = new List<(long Time, int Kind, int Id)>(ops.Count * 2);
        for (var i = 0; i < ops.Count; i++)
        {
            events.Add((ops[i].Call, 0, i));
            events.Add((ops[i].Return, 1, i));
        }

        events.Sort();
        var list = new EventList();
        var calls = new Node[ops.Count];
        var tail = list.Head;
        foreach (var (_, kind, id) in events)
        {
            var node = new Node(id, kind == 0);
            if (kind == 0)
            {
                calls[id] = node;
            }
            else
            {
                calls[id].Match = node;
            }

            node.Prev = tail;
            tail.Next = node;
            tail = node;
        }

        return list;
    }

    public static void Lift(Node call)
    {
        call.Prev!.Next = call.Next;
        call.Next!.Prev = call.Prev;
        var ret = call.Match!;
        ret.Prev!.Next = ret.Next;
        if (ret.Next is not null)
        {
            ret.Next.Prev = ret.Prev;
        }
    }

    public static void Unlift(Node call)
    {
        var ret = call.Match!;
        ret.Prev!.Next = ret;
        if (ret.Next is not null)
        {
            ret.Next.Prev = ret;
        }

        call.Prev!.Next = call;
        call.Next!.Prev = call;
    }

    internal sealed class Node(int id, bool isCall)
    {
        public int Id { get; } = id;

        public bool IsCall { get; } = isCall;

        public Node? Match { get; set; }

        public Node? Prev { get; set; }

        public Node? Next { get; set; }
    }
}
