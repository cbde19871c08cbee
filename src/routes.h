/* Installs the route table and the error page renderer into the HTTP layer. */
#ifndef ROUTES_H
#define ROUTES_H

void routes_install(void);

#endif
