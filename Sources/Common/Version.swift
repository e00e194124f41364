/// The release of mini-Nova, printed by `--version`.
public enum NovaVersion {
    public static let string = "0.1.0"
}
