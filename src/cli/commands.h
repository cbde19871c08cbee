/* The sub-commands of the leuchtturm binary; main.c holds the table. Each returns the
 * process exit code. */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

struct store;
struct app_config;

int cmd_serve(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_site(int argc, char **argv);

/* Seeds the demo's published good practices (cli/demo/practices.c). Returns 0 or -1. Call in
 * the demo's transaction. */
int demo_seed_practices(struct store *s);

/* Opens the database of c and applies migrations; NULL after printing why. */
struct store *cli_open_store(struct app_config *c);

#endif
