/// The version of this package, in one place: `ntm --version` prints it.
public enum NTMVersion {
  public static let current = "0.1.0"
}
