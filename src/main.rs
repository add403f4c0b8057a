fn main() -> std::process::ExitCode {
    oktaleaks::cli::main()
}
