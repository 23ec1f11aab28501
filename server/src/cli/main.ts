process.stdout.write('gitops-workbench: not built yet\n');
