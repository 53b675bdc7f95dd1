from baotou_cli.cli import main

main()
