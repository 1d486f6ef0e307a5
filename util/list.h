/* Intrusive doubly linked list, header only. A list head is a sentinel link;
 * an element is linked through a `struct list` member and found back with
 * list_entry(). The owner of each list says in a comment which member links it. */
#ifndef SHMCOMP_UTIL_LIST_H
#define SHMCOMP_UTIL_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list {
	struct list *prev, *next;
};

static inline void list_init(struct list *l)
{
	l->prev = l;
	l->next = l;
}

static inline bool list_empty(const struct list *l)
{
	return l->next == l;
}

/* Insert `e` right after `where` (at the head when `where` is the list). */
static inline void list_insert(struct list *where, struct list *e)
{
	e->prev = where;
	e->next = where->next;
	where->next->prev = e;
	where->next = e;
}

static inline void list_remove(struct list *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	e->prev = e;
	e->next = e;
}

#define list_entry(ptr, type, member) ((type *)(void *)((char *)(ptr)-offsetof(type, member)))

#define list_for_each_safe(pos, tmp, head)                                                         \
	for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head);                           \
	        (pos) = (tmp), (tmp) = (pos)->next)

#define list_for_each_reverse_safe(pos, tmp, head)                                                 \
	for ((pos) = (head)->prev, (tmp) = (pos)->prev; (pos) != (head);                           \
	        (pos) = (tmp), (tmp) = (pos)->prev)

#endif
