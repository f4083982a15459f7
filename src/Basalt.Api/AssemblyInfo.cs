namespace Basalt.Api;
