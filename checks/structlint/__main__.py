from structlint.cli import main

raise SystemExit(main())
