from taiyaku.cli import main

raise SystemExit(main())
