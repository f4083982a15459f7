namespace Basalt.Storage;
