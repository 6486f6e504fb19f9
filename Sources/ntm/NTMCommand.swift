import NTM
@main
struct NTMCommand { static func main() { Probe.run() } }
