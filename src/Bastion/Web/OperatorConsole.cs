namespace Bastion.Web;

/// <summary>Messages meant for the person who started the platform (one-time and demo passwords).
/// A service rather than Console directly, so tests can read what one instance printed.</summary>
public class OperatorConsole
{
    public virtual void WriteLine(string line = "") => Console.WriteLine(line);
}
