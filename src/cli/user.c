/* leuchtturm user add | list | passwd | role: account administration from the shell. */
#include "cli/commands.h"
#include "cli/config.h"
#include "domain/user.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const char usage[] =
    "Usage:\n"
    "  leuchtturm user add EMAIL --name NAME --role ROLE[,ROLE] [--organisation ID]\n"
    "  leuchtturm user list\n"
    "  leuchtturm user passwd EMAIL\n"
    "  leuchtturm user role EMAIL ROLE[,ROLE]\n\n"
    "Roles: admin (coordination office), board (advisory board), submitter (sub-project).\n"
    "Passwords are read from standard input when it is not a terminal (one line), else\n"
    "asked for without echo. Common options: --data DIR.\n";

/* Reads one line; without echo when standard input is a terminal. */
static int
read_password(char *out, size_t n)
{
	bool tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty) {
		fprintf(stderr, "Password: ");
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	char *got = fgets(out, (int)n, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fprintf(stderr, "\n");
	}
	if (!got)
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	if (strlen(out) < 10) {
		fprintf(stderr, "the password must have at least 10 characters\n");
		return -1;
	}
	return 0;
}

struct add_tx {
	const char *email, *name, *password;
	unsigned roles;
	int64_t organisation;
	int64_t id; /* out: the new id, 0 when the e-mail is taken, -1 on an error */
};

static int
add_body(struct store *s, void *arg)
{
	struct add_tx *t = arg;
	t->id = user_create(s, 0, t->email, t->name, t->password, t->roles, t->organisation);
	return t->id > 0 ? STORE_OK : 1;
}

/* The password or the roles of an account, in a transaction. */
struct set_tx {
	int64_t id;
	const char *password; /* NULL: set the roles */
	unsigned roles;
};

static int
set_body(struct store *s, void *arg)
{
	struct set_tx *t = arg;
	int rc = t->password ? user_set_password(s, 0, t->id, t->password)
	                     : user_set_roles(s, 0, t->id, t->roles);
	return rc == 0 ? STORE_OK : STORE_ERR;
}

static int
user_add(struct app_config *c, struct store *s, const char *email)
{
	unsigned roles;
	if (!c->name || !c->role || !user_roles_parse(c->role, &roles) || !roles) {
		fprintf(stderr, "user add needs --name NAME and --role ROLE[,ROLE]\n%s", usage);
		return 2;
	}
	if (!strchr(email, '@')) {
		fprintf(stderr, "'%s' is not an e-mail address\n", email);
		return 2;
	}
	char password[256];
	if (read_password(password, sizeof password) != 0)
		return 1;
	struct add_tx t = {email, c->name, password, roles, c->organisation, -1};
	int rc = store_tx(s, add_body, &t);
	if (rc != STORE_OK) {
		fprintf(stderr,
		        t.id == 0 ? "an account with %s exists already\n"
		                  : "could not create the account for %s\n",
		        email);
		return 1;
	}
	printf("created user %lld <%s>\n", (long long)t.id, email);
	return 0;
}

static int
user_list_all(struct store *s)
{
	struct arena a = {0};
	struct user users[100];
	size_t offset = 0, n;
	do {
		n = user_list(s, &a, users, 100, offset);
		for (size_t i = 0; i < n; i++) {
			printf("%lld\t%s\t%s\t", (long long)users[i].id, users[i].email,
			       users[i].name);
			for (unsigned bit = ROLE_ADMIN; bit <= ROLE_SUBMITTER; bit <<= 1)
				if (users[i].roles & bit)
					printf("%s ", user_role_name(bit));
			printf("%s\n", users[i].active ? "" : "(deactivated)");
		}
		offset += n;
		arena_free(&a);
	} while (n == 100);
	return 0;
}

static int
find(struct store *s, struct arena *a, const char *email, struct user *u)
{
	if (!user_find_by_email(s, a, email, u)) {
		fprintf(stderr, "no account with %s\n", email);
		return -1;
	}
	return 0;
}

static int
user_passwd(struct store *s, const char *email)
{
	struct arena a = {0};
	struct user u;
	char password[256];
	int rc = 1;
	if (find(s, &a, email, &u) != 0 || read_password(password, sizeof password) != 0)
		goto out;
	struct set_tx t = {u.id, password, 0};
	if (store_tx(s, set_body, &t) != STORE_OK)
		goto out;
	printf("password of %s changed\n", email);
	rc = 0;
out:
	arena_free(&a);
	return rc;
}

static int
user_role(struct store *s, const char *email, const char *list)
{
	struct arena a = {0};
	struct user u;
	unsigned roles;
	int rc = 1;
	if (!user_roles_parse(list, &roles)) {
		fprintf(stderr, "unknown role in '%s'\n%s", list, usage);
		return 2;
	}
	if (find(s, &a, email, &u) != 0)
		goto out;
	struct set_tx t = {u.id, NULL, roles};
	if (store_tx(s, set_body, &t) != STORE_OK)
		goto out;
	printf("roles of %s set to %s\n", email, list);
	rc = 0;
out:
	arena_free(&a);
	return rc;
}

int
cmd_user(int argc, char **argv)
{
	struct app_config c;
	int first = config_parse(&c, argc, argv);
	if (first == -2) {
		fputs(usage, stdout);
		return 0;
	}
	if (first < 0 || first >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	const char *sub = argv[first];
	int nargs = argc - first - 1;
	char **args = argv + first + 1;
	if (config_prepare(&c) != 0)
		return 1;
	struct store *s = cli_open_store(&c);
	if (!s)
		return 1;
	int rc = 2;
	if (strcmp(sub, "add") == 0 && nargs == 1)
		rc = user_add(&c, s, args[0]);
	else if (strcmp(sub, "list") == 0 && nargs == 0)
		rc = user_list_all(s);
	else if (strcmp(sub, "passwd") == 0 && nargs == 1)
		rc = user_passwd(s, args[0]);
	else if (strcmp(sub, "role") == 0 && nargs == 2)
		rc = user_role(s, args[0], args[1]);
	else
		fputs(usage, stderr);
	store_close(s);
	return rc;
}
